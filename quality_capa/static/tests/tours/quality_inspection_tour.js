import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_inspection_receipt_fail_tour", {
    steps: () => [
        {
            content: "The receipt shows its inspection checks to do",
            trigger: ".o_form_view button[name='action_view_quality_checks']:contains('Checks to do')",
            run: "click",
        },
        {
            content: "The specification is shown beside the input",
            trigger: ".o_data_row td[name='spec_display']:contains('1.15')",
        },
        {
            content: "Open the measured value in place",
            trigger: ".o_data_row td[name='value_input']",
            run: "click",
        },
        {
            content: "Type a wall thickness out of the limits",
            trigger: ".o_data_row td[name='value_input'] input",
            run: "edit 1.40",
        },
        {
            content: "Record it",
            trigger: ".o_data_row button[name='action_record_measure']",
            run: "click",
        },
        {
            content: "The check failed and its nonconformance is open",
            trigger: ".o_data_row td[name='nonconformance_id']:contains('NC')",
        },
        {
            content: "The check shows it failed",
            trigger: ".o_data_row td[name='state']:contains('Failed')",
        },
    ],
});
