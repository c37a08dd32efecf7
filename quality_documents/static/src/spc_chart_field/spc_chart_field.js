import { loadBundle } from "@web/core/assets";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { Component, onWillStart, useEffect, useRef } from "@odoo/owl";

const BLUE = "#1f77b4";
const RED = "#d62728";
const GREEN = "#2ca02c";
const ORANGE = "#ff7f0e";

/**
 * SPC of a measured characteristic: the individuals (or X-bar) chart with its centre line, control limits and
 * specification limits, the points flagged by the Western Electric rules in red, the moving-range (or range)
 * chart below it and Cp, Cpk, Pp, Ppk beside them. The data is the characteristic's computed JSON; Chart.js is
 * Odoo's own bundle, loaded when the widget starts.
 */
export class QualitySpcChartField extends Component {
    static template = "quality_documents.SpcChartField";
    static props = { ...standardFieldProps };

    setup() {
        this.charts = [];
        this.mainRef = useRef("main");
        this.rangeRef = useRef("range");
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => {
                this.renderCharts();
                return () => this.destroyCharts();
            },
            () => [this.props.record.data[this.props.name]]
        );
    }

    get data() {
        const raw = this.props.record.data[this.props.name];
        return raw ? JSON.parse(raw) : null;
    }

    get capability() {
        const data = this.data;
        if (!data) {
            return [];
        }
        const c = data.capability;
        return [
            ["Cp", c.cp],
            ["Cpk", c.cpk],
            ["Pp", c.pp],
            ["Ppk", c.ppk],
        ].map(([label, value]) => ({ label, value: value.toFixed(3), low: value < 1.33 }));
    }

    get violationCount() {
        return this.data ? Object.keys(this.data.violations).length : 0;
    }

    destroyCharts() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        const data = this.data;
        if (!data || !this.mainRef.el) {
            return;
        }
        const flagged = data.violations;
        const labels = data.points.map((_p, i) => String(i + 1));
        const main = this.lineConfig(
            labels,
            data.title,
            data.points,
            [
                ["USL", data.usl, ORANGE, true],
                ["UCL", data.ucl, RED, true],
                ["CL", data.center, GREEN, false],
                ["LCL", data.lcl, RED, true],
                ["LSL", data.lsl, ORANGE, true],
            ],
            flagged
        );
        main.options.plugins.tooltip = {
            callbacks: {
                afterLabel: (item) =>
                    item.datasetIndex === 0 && flagged[item.dataIndex]
                        ? flagged[item.dataIndex].map((rule) => data.rule_labels[rule])
                        : "",
            },
        };
        this.charts.push(new window.Chart(this.mainRef.el, main));
        const range = data.range;
        this.charts.push(
            new window.Chart(
                this.rangeRef.el,
                this.lineConfig(
                    labels,
                    range.title,
                    range.points,
                    [
                        ["UCL", range.ucl, RED, true],
                        ["CL", range.center, GREEN, false],
                        ["LCL", range.lcl, RED, true],
                    ],
                    Object.fromEntries(range.out.map((index) => [index, [1]]))
                )
            )
        );
    }

    lineConfig(labels, title, points, lines, flagged = {}) {
        const many = points.length > 200;
        const datasets = [
            {
                label: title,
                data: points,
                borderColor: BLUE,
                borderWidth: 1.5,
                pointRadius: points.map((_p, i) => (flagged[i] ? 5 : many ? 0 : 2.5)),
                pointBackgroundColor: points.map((_p, i) => (flagged[i] ? RED : BLUE)),
                pointBorderColor: points.map((_p, i) => (flagged[i] ? RED : BLUE)),
                tension: 0,
                spanGaps: false,
            },
        ];
        for (const [label, value, color, dashed] of lines) {
            datasets.push({
                label: `${label} ${Number(value).toPrecision(4)}`,
                data: points.map(() => value),
                borderColor: color,
                borderWidth: 1.2,
                borderDash: dashed ? [6, 4] : [],
                pointRadius: 0,
                pointHoverRadius: 0,
                fill: false,
            });
        }
        return {
            type: "line",
            data: { labels, datasets },
            options: {
                animation: false,
                maintainAspectRatio: false,
                interaction: { mode: "nearest", intersect: true },
                plugins: {
                    title: { display: true, text: title },
                    legend: { position: "bottom", labels: { boxWidth: 18 } },
                },
                scales: { x: { ticks: { maxTicksLimit: 20 } } },
            },
        };
    }
}

export const qualitySpcChartField = {
    component: QualitySpcChartField,
    supportedTypes: ["text"],
};

registry.category("fields").add("quality_spc_chart", qualitySpcChartField);
