"""Browser: log in and open the Quality app (headless Chromium through Odoo's HttpCase)."""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestQualityBrowserSmoke(HttpCase):
    @verifies("QD-019")
    def test_browser_open_quality_app(self):
        root = self.env.ref("quality_documents.menu_quality_root")
        code = """
            const brand = document.querySelector('.o_menu_brand');
            if (brand && brand.textContent.includes('Quality')) {
                console.log('test successful');
            } else {
                console.error('The Quality app did not open: menu brand is ' + (brand && brand.textContent));
            }
        """
        self.browser_js(
            f"/odoo?menu_id={root.id}",
            code,
            ready="!!document.querySelector('.o_menu_brand')",
            login="admin",
        )
