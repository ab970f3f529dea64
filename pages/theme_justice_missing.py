"""Theme page: Youth justice and missing."""

from metrics.catalogue import Theme
from pages import theme

if __name__ == "__main__":
    theme.render(Theme.JUSTICE_MISSING)
