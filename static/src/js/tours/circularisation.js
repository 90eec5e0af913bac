import {registry} from "@web/core/registry";

function today() {
    // the admin works in French (the test sets it): DD/MM/YYYY
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
}

registry.category("web_tour.tours").add("l10n_fr_credit_collection_circularisation", {
    url: "/odoo/action-l10n_fr_credit_collection.l10n_fr_circularisation_action",
    steps: () => [
        {
            content: "New campaign",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: "div[name='name'] input",
            run: "edit Tour Circularisation",
        },
        {
            content: "Closing date: today",
            trigger: "div[name='closing_date'] input",
            run: `edit ${today()}`,
        },
        {
            content: "Every customer with a balance",
            trigger: "div[name='select_all'] input",
            run: "click",
        },
        {
            content: "Replies go to the auditor",
            trigger: "div[name='auditor_id'] input",
            run: "edit Cabinet Tour",
        },
        {
            content: "Pick the auditor",
            trigger: ".o-autocomplete--dropdown-item a:contains('Cabinet Tour Audit')",
            run: "click",
        },
        {
            content: "Save the campaign",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Select the third parties",
            trigger: "button[name='action_select']",
            run: "click",
        },
        {
            content: "The demo customer with an old unpaid invoice is selected",
            trigger: ".o_field_one2many .o_data_row td:contains('Menuiserie Roux SARL')",
        },
        {
            content: "Send the requests",
            trigger: "button[name='action_send']",
            run: "click",
        },
        {
            content: "The campaign is sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sent']",
        },
    ],
});
