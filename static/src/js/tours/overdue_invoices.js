import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("l10n_fr_credit_collection_overdue", {
    url: "/odoo/customer-invoices",
    steps: () => [
        {
            content: "Open the Customers menu",
            trigger: "button[data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Open the overdue invoices of the credit collection menu",
            trigger: "a[data-menu-xmlid='l10n_fr_credit_collection.account_move_menu_overdue']",
            run: "click",
        },
        {
            content: "The invoice overdue for 200 days is listed",
            trigger: ".o_data_row:contains('Menuiserie Roux SARL')",
        },
        {
            content: "The invoice not yet due is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Porte-vélos')))",
        },
    ],
});
