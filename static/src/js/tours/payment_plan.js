import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("l10n_fr_credit_collection_payment_plan", {
    steps: () => [
        {
            content: "Propose a payment plan from the customer",
            trigger: "button[name='action_l10n_fr_payment_plan']",
            run: "click",
        },
        {
            content: "Three instalments",
            trigger: ".o_field_widget[name='instalment_count'] input",
            run: "edit 3",
        },
        {
            content: "Monthly",
            trigger: ".o_field_widget[name='frequency'] select",
            run: "select \"monthly\"",
        },
        {
            content: "Propose it: the instalments are generated",
            trigger: "button[name='action_propose']",
            run: "click",
        },
        {
            content: "Three instalments are listed",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:nth-child(3)",
        },
        {
            content: "Print the agreement",
            trigger: "button[name='action_print']",
            run: "click",
        },
        {
            content: "Still on the plan, no error",
            trigger: ".o_form_view:not(:has(.o_error_dialog)) button[name='action_mark_signed']",
        },
        {
            content: "Mark it signed",
            trigger: "button[name='action_mark_signed']",
            run: "click",
        },
        {
            content: "The plan is agreed or running",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value='agreed']",
        },
    ],
});
