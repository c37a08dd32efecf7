import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_dashboard_my_work_tour", {
    steps: () => [
        {
            content: "My work comes first: revisions to approve",
            trigger: ".o_quality_my_work .o_quality_tile_my_revisions .o_quality_tile_count:contains('1')",
            run: "click",
        },
        {
            content: "The list of the revisions waiting for me",
            trigger: ".o_list_view .o_data_row:contains('Dashboard SOP')",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "My CAPA actions",
            trigger: ".o_quality_my_work .o_quality_tile_my_capa_actions .o_quality_tile_count:contains('1')",
            run: "click",
        },
        {
            content: "The list of my open CAPA actions",
            trigger: ".o_list_view .o_data_row:contains('Dashboard action')",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "My nonconformances",
            trigger: ".o_quality_my_work .o_quality_tile_my_ncs .o_quality_tile_count:contains('1')",
            run: "click",
        },
        {
            content: "The list of the nonconformances I reported",
            trigger: ".o_list_view .o_data_row:contains('Dashboard NC')",
        },
        {
            content: "Back: the company charts are drawn",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "A chart canvas is on the dashboard",
            trigger: ".o_quality_kpis .o_quality_dashboard_chart canvas",
        },
    ],
});
