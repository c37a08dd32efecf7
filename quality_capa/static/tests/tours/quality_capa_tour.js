import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_capa_report_nc_tour", {
    steps: () => [
        {
            content: "Report a nonconformance from the manufacturing order",
            trigger: "button[name='action_report_nonconformance']",
            run: "click",
        },
        {
            content: "The form is prefilled with the manufacturing order",
            trigger: ".o_field_widget[name='production_id'] input:value(/WH\\/MO/)",
        },
        {
            content: "Describe the problem",
            trigger: ".o_field_widget[name='title'] input",
            run: "edit Tour: housing cracked during assembly",
        },
        {
            content: "Open a CAPA from it (saves the nonconformance)",
            trigger: "button[name='action_create_capa']",
            run: "click",
        },
        {
            content: "The CAPA is linked to the nonconformance",
            trigger: ".o_form_view .o_field_widget[name='nonconformance_ids'] td:contains('Tour: housing cracked')",
        },
    ],
});
