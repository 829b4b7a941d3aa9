from ui.components.guard import run_page
from ui.pages import selfcheck as page

run_page(page.render)
