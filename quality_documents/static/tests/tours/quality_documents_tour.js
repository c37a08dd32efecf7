import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_documents_procedures_tour", {
    steps: () => [
        {
            content: "Open the procedures of the manufacturing order",
            trigger: "button[name='action_view_quality_procedures']",
            run: "click",
        },
        {
            content: "Open the effective procedure",
            trigger: ".o_data_row td:contains('Tour crimping procedure')",
            run: "click",
        },
        {
            content: "The effective revision's content is shown",
            trigger: ".o_quality_procedure_body:contains('Crimp at 4 bar for 2 s')",
        },
        {
            content: "It is marked effective",
            trigger: ".alert-success:contains('EFFECTIVE')",
        },
    ],
});
