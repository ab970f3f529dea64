"""Theme page: Care leavers and housing."""

from metrics.catalogue import Theme
from pages import theme

if __name__ == "__main__":
    theme.render(Theme.CARE_LEAVERS)
