import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_capa_report_nc_tour", {
    steps: () => [
        {
            content: "Report a problem from the manufacturing order",
            trigger: "button[name='action_report_nonconformance']",
            run: "click",
        },
        {
            content: "The dialog says where the problem was seen",
            trigger: ".modal .o_field_widget[name='origin_name']:contains('WH/MO')",
        },
        {
            content: "Say what is wrong",
            trigger: ".modal .o_field_widget[name='title'] input",
            run: "edit Tour: housing cracked during assembly",
        },
        {
            content: "Report it",
            trigger: ".modal button.o_quality_report_submit",
            run: "click",
        },
        {
            content: "The nonconformance is reported and opens for quality",
            trigger: ".o_notification:contains('is reported')",
        },
        {
            content: "Open a CAPA from it",
            trigger: ".o_form_view:not(.modal *) button[name='action_create_capa']",
            run: "click",
        },
        {
            content: "The CAPA is linked to the nonconformance",
            trigger: ".o_form_view .o_field_widget[name='nonconformance_ids'] td:contains('Tour: housing cracked')",
        },
    ],
});

registry.category("web_tour.tours").add("quality_capa_operator_report_from_workorder_tour", {
    steps: () => [
        {
            content: "The operator reports a problem from the work order",
            trigger: ".o_form_view button[name='action_report_nonconformance']",
            run: "click",
        },
        {
            content: "The dialog names the work order; the cursor is in 'What is wrong?'",
            trigger: ".modal .o_field_widget[name='origin_name']:contains('Tour deburring')",
            run() {
                const title = document.querySelector(".modal .o_field_widget[name='title'] input");
                if (document.activeElement !== title) {
                    throw new Error(`Focus is on ${document.activeElement?.outerHTML}, not on 'What is wrong?'`);
                }
            },
        },
        {
            content: "What is wrong",
            trigger: ".modal .o_field_widget[name='title'] input",
            run: "edit Tour: burr left on the flange",
        },
        {
            content: "How many",
            trigger: ".modal .o_field_widget[name='quantity'] input",
            run: "edit 3",
        },
        {
            content: "Report",
            trigger: ".modal button.o_quality_report_submit",
            run: "click",
        },
        {
            content: "The dialog closes and says the nonconformance is reported",
            trigger: "body:not(:has(.modal)) .o_notification:contains('is reported')",
        },
        {
            content: "The operator is back on the work order",
            trigger: ".o_form_view button[name='action_report_nonconformance']",
        },
    ],
});
