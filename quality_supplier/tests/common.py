from odoo import Command
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.tests.common import TransactionCase, new_test_user


class QualitySupplierCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company = cls.env.company
        cls.company.write(
            {
                "quality_supplier_allow_conditional": True,
                "quality_supplier_block_disqualified_receipt": False,
                "quality_supplier_cert_notice_days": 30,
            }
        )
        cls.buyer = new_test_user(
            cls.env,
            login="qs_buyer",
            groups="base.group_user,purchase.group_purchase_user",
            password="qs_buyer_pw",
        )
        cls.qmanager = new_test_user(
            cls.env,
            login="qs_qmanager",
            groups="base.group_user,purchase.group_purchase_user,quality_documents.group_quality_manager",
            password="qs_qmanager_pw",
        )
        Category = cls.env["product.category"]
        cls.categ_root = Category.create({"name": "QS Components"})
        cls.categ_electronic = Category.create({"name": "QS Electronics", "parent_id": cls.categ_root.id})
        cls.categ_sterile = Category.create({"name": "QS Sterile", "parent_id": cls.categ_root.id})
        cls.vendor = cls.env["res.partner"].create({"name": "QS Vendor", "is_company": True})
        cls.product_elec = cls._make_product("QS PCB", cls.categ_electronic)
        cls.product_sterile = cls._make_product("QS Sterile Pouch", cls.categ_sterile)
        # The gate is opt-in: these tests mark their categories and enforce it (signed by a quality manager).
        cls.categ_root.quality_controlled = True
        cls.company.with_user(cls.qmanager)._quality_supplier_set_gate_mode("enforce", "qs_qmanager_pw", "QS tests")

    @classmethod
    def _make_product(cls, name, categ, **kw):
        return cls.env["product.product"].create(
            dict({"name": name, "categ_id": categ.id, "type": "consu", "standard_price": 10.0}, **kw)
        )

    def _make_order(self, products, partner=None, user=None):
        order = (
            self.env["purchase.order"]
            .with_user(user or self.buyer)
            .create(
                {
                    "partner_id": (partner or self.vendor).id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_qty": 2.0, "price_unit": 5.0}) for p in products
                    ],
                }
            )
        )
        return order

    def _qualify(self, status="approved", categs=None, partner=None, comment=None, **vals):
        qual = self.env["quality.supplier.qualification"].create(
            dict(
                {
                    "partner_id": (partner or self.vendor).id,
                    "categ_ids": [Command.set((categs or self.env["product.category"]).ids)],
                    "valid_from": quality_today(self.env["res.users"]),
                },
                **vals,
            )
        )
        if status in ("approved", "conditional", "disqualified"):
            qual.with_user(self.qmanager)._quality_sign_status(
                status, "qs_qmanager_pw", comment or ("Conditions" if status != "approved" else False)
            )
        elif status == "probation":
            qual._set_probation("test")
        return qual
