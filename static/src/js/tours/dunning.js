import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("l10n_fr_credit_collection_dunning", {
    url: "/odoo/action-l10n_fr_credit_collection.l10n_fr_dunning_policy_action",
    steps: () => [
        {
            content: "Open the standard dunning policy of the company",
            trigger: ".o_data_row:first td[name='name']",
            run: "click",
        },
        {
            content: "Open its first level (friendly reminder, 5 days)",
            trigger: ".o_field_one2many .o_data_row:first td[name='name']",
            run: "click",
        },
        {
            content: "Change the days of the level",
            trigger: ".modal div[name='days'] input",
            run: "edit 6",
        },
        {
            content: "Save the level",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The level shows its new days",
            trigger: ".o_field_one2many .o_data_row td[name='days']:contains('6')",
        },
        {
            content: "Save the policy",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Open the Customers menu",
            trigger: "button[data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Open the dunning runs",
            trigger:
                "a[data-menu-xmlid='l10n_fr_credit_collection.l10n_fr_dunning_run_menu']",
            run: "click",
        },
        {
            content: "New run",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Preview the run",
            trigger: "button[name='action_preview']",
            run: "click",
        },
        {
            content: "The preview lists the customer overdue for 200 days",
            trigger: ".o_field_one2many .o_data_row td:contains('Menuiserie Roux SARL')",
        },
        {
            content: "Open the reminders of the run",
            trigger: "button[name='action_open_reminders']",
            run: "click",
        },
        {
            content: "Open the reminder of Menuiserie Roux",
            trigger:
                ".o_view_controller.o_list_view .o_data_row td[name='partner_id']:contains('Menuiserie Roux SARL')",
            run: "click",
        },
        {
            content: "The reminder lists the overdue invoice",
            trigger: ".o_form_view .o_field_one2many[name='line_ids'] .o_data_row",
        },
        {
            content: "Print the letter",
            trigger: "button[name='action_print_letter']",
            run: "click",
        },
        {
            content: "Still on the reminder, no error",
            trigger: ".o_form_view:not(:has(.o_error_dialog))",
        },
    ],
});
