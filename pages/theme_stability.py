"""Theme page: Stability and permanence."""

from metrics.catalogue import Theme
from pages import theme

if __name__ == "__main__":
    theme.render(Theme.STABILITY)
