import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_documents_spc_chart_tour", {
    steps: () => [
        {
            content: "The SPC page of the characteristic draws both control charts (Chart.js canvases)",
            trigger: ".o_quality_spc_chart .o_quality_spc_main canvas",
            run() {
                const chart = this.anchor.closest(".o_quality_spc_chart");
                const canvases = chart.querySelectorAll("canvas");
                if (canvases.length !== 2) {
                    throw new Error(`${canvases.length} chart canvases, expected the individuals and moving range charts`);
                }
                for (const canvas of canvases) {
                    if (!canvas.width || !canvas.height || !window.Chart.getChart(canvas)) {
                        throw new Error("A control chart canvas holds no drawn chart");
                    }
                }
            },
        },
        {
            content: "Capability figures beside the charts, and the broken rule counted",
            trigger: ".o_quality_spc_capability td:contains('Cpk')",
            run() {
                const chart = this.anchor.closest(".o_quality_spc_chart");
                if (!chart.textContent.includes("1 point(s) break a Western Electric rule")) {
                    throw new Error("The rule violation is not shown beside the chart");
                }
            },
        },
    ],
});
