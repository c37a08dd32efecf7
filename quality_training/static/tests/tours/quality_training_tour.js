import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_training_acknowledge_tour", {
    url: "/odoo/action-quality_training.action_quality_training_my",
    steps: () => [
        {
            content: "Open my training on the procedure (My Training opens on its kanban)",
            trigger: ".o_kanban_record:contains('Tour SOP')",
            run: "click",
        },
        {
            content: "Acknowledge it (read and understood)",
            trigger: ".o_form_view button[name='action_quality_sign']",
            run: "click",
        },
        {
            content: "Type my login in the signature dialog",
            trigger: ".modal div[name='login'] input",
            run: "edit tour_operator",
        },
        {
            content: "Type my password in the signature dialog",
            trigger: ".modal div[name='password'] input",
            run: "edit tour_operator_pw",
        },
        {
            content: "Sign",
            trigger: ".modal button[name='action_sign']",
            run: "click",
        },
        {
            content: "The training is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
        {
            content: "Go to the manufacturing orders",
            trigger: "body",
            run: "goToUrl /odoo/action-mrp.mrp_production_action",
        },
        {
            content: "Open the manufacturing order of the tour product",
            trigger: ".o_data_row .o_data_cell:contains('Tour Catheter')",
            run: "click",
        },
        {
            content: "Open the work orders",
            trigger: ".o_notebook a[name='operations']",
            run: "click",
        },
        {
            content: "Start the work order",
            trigger: ".o_field_widget[name='workorder_ids'] .o_data_row button[name='button_start']",
            run: "click",
        },
        {
            content: "The work order is in progress",
            trigger: ".o_field_widget[name='workorder_ids'] .o_data_row button[name='button_pending']",
        },
    ],
});
