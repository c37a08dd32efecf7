import { registry } from "@web/core/registry";
import { CharField, charField } from "@web/views/fields/char/char_field";
import { useEffect } from "@odoo/owl";

const CREDENTIAL_SELECTOR = ".o_quality_sign_credential input";

/**
 * A credential input of the signing dialog (login, password, code). Enter goes on to the next
 * credential still empty, or signs (the dialog's Sign button) when none is left, as in any login
 * prompt. Odoo's input hook commits the typed value on Enter before the button saves the dialog.
 */
export class QualitySignCredentialField extends CharField {
    setup() {
        super.setup();
        useEffect(
            (inputEl) => {
                if (!inputEl) {
                    return;
                }
                const onKeydown = (ev) => {
                    if (ev.key !== "Enter" || ev.shiftKey || ev.ctrlKey || ev.altKey || ev.isComposing) {
                        return;
                    }
                    ev.preventDefault();
                    const container = inputEl.closest(".modal-content") || inputEl.closest(".o_form_view");
                    if (!container) {
                        return;
                    }
                    const inputs = [...container.querySelectorAll(CREDENTIAL_SELECTOR)].filter(
                        (el) => el.offsetParent !== null
                    );
                    const next = inputs.slice(inputs.indexOf(inputEl) + 1).find((el) => !el.value);
                    if (next) {
                        next.focus();
                        return;
                    }
                    const button = container.querySelector("button[name='action_sign']");
                    if (button && !button.disabled) {
                        button.click();
                    }
                };
                inputEl.addEventListener("keydown", onKeydown);
                return () => inputEl.removeEventListener("keydown", onKeydown);
            },
            () => [this.input.el]
        );
    }
}

export const qualitySignCredentialField = {
    ...charField,
    component: QualitySignCredentialField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...charField.extractProps(fieldInfo, dynamicInfo),
        autocomplete: fieldInfo.attrs.autocomplete || "off",
    }),
};

registry.category("fields").add("quality_sign_credential", qualitySignCredentialField);
