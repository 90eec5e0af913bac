import {registry} from "@web/core/registry";

function inDays(days) {
    // the admin works in French (the test sets it): DD/MM/YYYY
    const day = new Date(Date.now() + days * 86400000);
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(day.getDate())}/${pad(day.getMonth() + 1)}/${day.getFullYear()}`;
}

registry.category("web_tour.tours").add("l10n_fr_credit_collection_worklist", {
    url: "/odoo/action-l10n_fr_credit_collection.l10n_fr_collection_task_action",
    steps: () => [
        {
            content: "Open the calls of today (the worklist is grouped by kind)",
            trigger: ".o_group_header:contains('Appel'), .o_group_header:contains('Call')",
            run: "click",
        },
        {
            content: "Log a call to the customer",
            trigger:
                ".o_data_row:contains('Tour Appel SAS') button[name='action_log_call']",
            run: "click",
        },
        {
            content: "Choose the outcome: promise to pay",
            trigger: ".modal div[name='outcome_id'] input",
            run: "edit Prom",
        },
        {
            content: "Promesse de paiement",
            trigger: ".o-autocomplete--dropdown-item a:contains('Prom')",
            run: "click",
        },
        {
            content: "The promised date",
            trigger: ".modal div[name='promise_date'] input",
            run: `edit ${inDays(7)}`,
        },
        {
            content: "Save the call",
            trigger: ".modal button[name='action_save']",
            run: "click",
        },
        {
            content: "The customer is gone from today's list",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Appel SAS')))",
        },
        {
            content: "Open the promises to pay",
            trigger: "button[data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Promises to pay",
            trigger:
                "a[data-menu-xmlid='l10n_fr_credit_collection.l10n_fr_dunning_promise_menu']",
            run: "click",
        },
        {
            content: "The promise of the call is there",
            trigger: ".o_data_row:contains('Tour Appel SAS')",
        },
    ],
});
