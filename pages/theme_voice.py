"""Theme page: Voice of the child and practice standards."""

from functools import partial

from metrics.catalogue import Theme
from pages import theme
from pages.session import run_page

if __name__ == "__main__":
    run_page(partial(theme.render, Theme.VOICE))
