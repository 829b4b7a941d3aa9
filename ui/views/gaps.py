from ui.components.guard import run_page
from ui.pages import gaps as page

run_page(page.render)
