/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("quality_supplier_gate_tour", {
    steps: () => [
        // The buyer tries to confirm the RFQ and is told why not.
        {
            trigger: ".o_quality_gate_alert:contains('QS Tour Part')",
        },
        {
            trigger: ".o_statusbar_buttons button[name='button_confirm']",
            run: "click",
        },
        {
            trigger: ".modal .modal-body:contains('cannot be confirmed'):contains('QS Tour Part'):contains('pending')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        // A quality manager qualifies the vendor.
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="quality_documents.menu_quality_root"]',
            run: "click",
        },
        {
            trigger: '.o_menu_sections [data-menu-xmlid="quality_supplier.menu_quality_supplier_section"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="quality_supplier.menu_quality_supplier_qualification"]',
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('QS Tour Vendor')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_buttons button[name='action_request_approved']",
            run: "click",
        },
        {
            trigger: ".modal div[name='login'] input",
            run: "edit admin",
        },
        {
            trigger: ".modal div[name='password'] input",
            run: "edit admin",
        },
        {
            trigger: ".modal button[name='action_sign']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        // The buyer confirms the order.
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="purchase.menu_purchase_root"]',
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('QS Tour Vendor')",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(.o_quality_gate_alert:visible))",
        },
        {
            trigger: ".o_statusbar_buttons button[name='button_confirm']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Purchase Order')",
        },
    ],
});
