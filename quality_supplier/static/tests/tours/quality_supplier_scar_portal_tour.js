/** @odoo-module **/

import { registry } from "@web/core/registry";

// The vendor answers a SCAR on the portal, then sees the answer read-only and "Under review".
registry.category("web_tour.tours").add("quality_supplier_scar_portal_tour", {
    url: "/my/scars",
    steps: () => [
        {
            trigger: ".o_quality_scar_row:contains('Awaiting your answer') a",
            run: "click",
        },
        {
            trigger: ".o_quality_scar_status_awaiting",
        },
        {
            trigger: ".o_quality_scar_nc:contains('QS tour burrs'):contains('Burrs on 7 of 80 flanges')",
        },
        {
            trigger: "textarea[name='containment']",
            run: "edit Sorted 400 flanges at our site, 9 rejected",
        },
        {
            trigger: "textarea[name='root_cause']",
            run: "edit Worn deburring tool",
        },
        {
            trigger: "textarea[name='corrective_action']",
            run: "edit Tool life limit added to the control plan",
        },
        {
            trigger: ".o_quality_scar_form button[type='submit']",
            run: "click",
        },
        {
            trigger: ".o_quality_scar_sent",
        },
        {
            trigger: ".o_quality_scar_status_review:contains('Under review')",
        },
        {
            trigger: ".o_quality_scar_answer .o_quality_scar_root_cause:contains('Worn deburring tool')",
        },
        {
            trigger: "body:not(:has(.o_quality_scar_form)):not(:has(textarea))",
        },
    ],
});
