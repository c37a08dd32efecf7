import { Component, onWillStart, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { getColor } from "@web/core/colors/colors";

/** One Chart.js chart (Odoo's own bundled copy). */
export class QualityDashboardChart extends Component {
    static template = "quality_audit.DashboardChart";
    static props = { type: String, data: Object, stacked: { type: Boolean, optional: true }, unit: { type: String, optional: true } };

    setup() {
        this.canvas = useRef("canvas");
        onWillStart(() => loadBundle("web.chartjs_lib"));
        onMounted(() => this.renderChart());
        onWillUnmount(() => this.chart?.destroy());
    }

    renderChart() {
        const datasets = this.props.data.datasets.map((dataset, index) => ({
            ...dataset,
            backgroundColor: getColor(index, "light"),
            borderColor: getColor(index, "light"),
        }));
        const stacked = Boolean(this.props.stacked);
        this.chart = new window.Chart(this.canvas.el, {
            type: this.props.type,
            data: { labels: this.props.data.labels, datasets },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
                scales: {
                    x: { stacked },
                    y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
                },
            },
        });
    }
}

/** The Quality home: my work first, then the company's figures. */
export class QualityDashboard extends Component {
    static template = "quality_audit.Dashboard";
    static components = { QualityDashboardChart };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(async () => {
            this.state.data = await this.orm.call("quality.dashboard", "get_dashboard_data", []);
        });
    }

    get kpis() {
        return this.state.data.kpis;
    }

    chartOf(key) {
        return this.state.data.charts[key];
    }

    hasData(chart) {
        return chart && chart.labels.length && chart.datasets.some((d) => d.data.some((v) => v));
    }

    async openTile(key) {
        const action = await this.orm.call("quality.dashboard", "action_open_tile", [key]);
        if (action) {
            await this.action.doAction(action);
        }
    }
}

registry.category("actions").add("quality_dashboard", QualityDashboard);
