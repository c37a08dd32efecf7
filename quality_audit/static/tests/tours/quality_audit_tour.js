/** @odoo-module **/
import { registry } from "@web/core/registry";

const checklist = ".o_field_widget[name=question_ids]";

registry.category("web_tour.tours").add("quality_audit_tour", {
    steps: () => [
        {
            content: "Answer the first checklist question",
            trigger: `${checklist} .o_data_row:first-child td[name=answer]`,
            run: "click",
        },
        {
            content: "It is a minor nonconformity",
            trigger: `${checklist} .o_selected_row td[name=answer] select`,
            run: "selectByLabel Minor NC",
        },
        {
            content: "Write the evidence",
            trigger: `${checklist} .o_selected_row td[name=evidence] textarea`,
            run: "edit Gauge G-7 has no calibration label",
        },
        {
            content: "Raise a finding from the answer",
            trigger: `${checklist} .o_selected_row button[name=action_create_finding]`,
            run: "click",
        },
        {
            content: "The finding requires a CAPA: create it",
            trigger: ".o_form_view:has(.o_field_widget[name=capa_required]) .o_statusbar_buttons button[name=action_create_capa]",
            run: "click",
        },
        {
            content: "The CAPA opens from the finding",
            trigger: ".o_breadcrumb .breadcrumb-item:contains('AF/')",
        },
    ],
});
