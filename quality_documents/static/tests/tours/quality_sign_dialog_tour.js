import { registry } from "@web/core/registry";

const LOGIN = "sc_sign_approver";
const PASSWORD = "sc_sign_approver";

function credentialInputs(modal) {
    return [...modal.querySelectorAll(".o_quality_sign_credential input")].filter((el) => el.offsetParent !== null);
}

async function typeKeys(helpers, text) {
    for (const char of text) {
        await helpers.press(char);
    }
}

registry.category("web_tour.tours").add("quality_sign_dialog_keyboard_tour", {
    steps: () => [
        {
            content: "Approve the revision: the signing dialog opens",
            trigger: ".o_form_view button[name='action_quality_sign']:contains('Approve')",
            run: "click",
        },
        {
            content: "The credentials are the first inputs, the cursor in the first of them, the password masked",
            trigger: ".modal .o_quality_sign_password input[type='password'][autocomplete='off']",
            run() {
                const modal = this.anchor.closest(".modal");
                const firstInput = modal.querySelector("input:not([type='hidden']), textarea");
                const credentials = credentialInputs(modal);
                if (firstInput !== credentials[0]) {
                    throw new Error("A credential is not the first input of the signing dialog");
                }
                if (document.activeElement !== credentials[0]) {
                    throw new Error(`Focus is on ${document.activeElement?.outerHTML}, not on the first credential`);
                }
                if (!credentials.includes(this.anchor)) {
                    throw new Error("The password is not among the credentials");
                }
            },
        },
        {
            content: "Type the login with the keyboard only, Enter goes to the password",
            trigger: ".modal .o_quality_sign_credential input",
            async run(helpers) {
                const modal = this.anchor.closest(".modal");
                const [first] = credentialInputs(modal);
                if (first.type !== "password") {
                    await typeKeys(helpers, LOGIN);
                    await helpers.press("Enter");
                }
                const password = modal.querySelector(".o_quality_sign_password input");
                if (document.activeElement !== password) {
                    throw new Error(`Focus is on ${document.activeElement?.outerHTML}, not on the password`);
                }
                if (!document.querySelector(".modal")) {
                    throw new Error("Enter in the login must not close the dialog");
                }
            },
        },
        {
            content: "Type the password with the keyboard only; nothing goes into the comment",
            trigger: ".modal .o_quality_sign_password input[type='password']",
            async run(helpers) {
                await typeKeys(helpers, PASSWORD);
                if (this.anchor.value !== PASSWORD) {
                    throw new Error(`The password input holds ${this.anchor.value.length} characters`);
                }
                if (document.querySelector(".modal textarea")?.value) {
                    throw new Error("Typing went into the comment");
                }
            },
        },
        {
            content: "Enter signs",
            trigger: ".modal .o_quality_sign_password input[type='password']",
            run: "press Enter",
        },
        {
            content: "The dialog closes and the revision is effective",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='effective']",
        },
    ],
});
