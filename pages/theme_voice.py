"""Theme page: Voice of the child and practice standards."""

from metrics.catalogue import Theme
from pages import theme

if __name__ == "__main__":
    theme.render(Theme.VOICE)
