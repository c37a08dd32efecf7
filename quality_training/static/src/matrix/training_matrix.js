/** @odoo-module **/

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { pivotView } from "@web/views/pivot/pivot_view";
import { PivotModel } from "@web/views/pivot/pivot_model";
import { PivotRenderer } from "@web/views/pivot/pivot_renderer";

/**
 * Training matrix: a pivot of employees x requirements whose cells show the state of the training as a colour
 * (done, due, overdue, expiring, expired; empty = not required) instead of a 0.00 that reads like "empty".
 * Totals keep the compliance figure. Other layouts (by department, by job) show the plain pivot.
 */
export class TrainingMatrixModel extends PivotModel {
    async _loadData(config, prune = true) {
        await super._loadData(config, prune);
        const { fullRowGroupBys, fullColGroupBys } = this.metaData;
        const rowIndex = fullRowGroupBys.indexOf("employee_id");
        const colIndex = fullColGroupBys.indexOf("requirement_id");
        this.data.qualityCells = null;
        if (rowIndex < 0 || colIndex < 0 || this.metaData.origins.length > 1) {
            return;
        }
        const rows = await this.orm.call("quality.training.matrix", "quality_matrix_cells", [
            this.metaData.domains[0],
        ]);
        if (!rows.length) {
            return;
        }
        const cells = {};
        for (const [employeeId, requirementId, state, label, title, assignmentId] of rows) {
            cells[`${employeeId}-${requirementId}`] = { state, label, title, assignmentId };
        }
        this.data.qualityCells = { cells, rowIndex, colIndex };
    }
}

export class TrainingMatrixRenderer extends PivotRenderer {
    static template = "quality_training.TrainingMatrixRenderer";

    /** The training state of a cell at the employee x requirement level, {} for "not required", or null. */
    getQualityCell(cell) {
        const info = this.model.data.qualityCells;
        if (!info || cell.measure !== "compliance") {
            return null;
        }
        const [rowValues, colValues] = cell.groupId;
        if (rowValues.length <= info.rowIndex || colValues.length <= info.colIndex) {
            return null;
        }
        const employeeId = rowValues[info.rowIndex];
        const requirementId = colValues[info.colIndex];
        return (
            info.cells[`${employeeId}-${requirementId}`] || {
                state: "not_required",
                label: _t("Not required"),
                title: _t("Not required for this employee"),
            }
        );
    }

    onOpenView(cell) {
        const quality = this.getQualityCell(cell);
        if (quality && quality.assignmentId) {
            this.actionService.doAction({
                type: "ir.actions.act_window",
                res_model: "quality.training.assignment",
                res_id: quality.assignmentId,
                views: [[false, "form"]],
            });
            return;
        }
        if (quality) {
            return;
        }
        return super.onOpenView(cell);
    }
}

export const trainingMatrixView = {
    ...pivotView,
    Model: TrainingMatrixModel,
    Renderer: TrainingMatrixRenderer,
};

registry.category("views").add("quality_training_matrix", trainingMatrixView);
