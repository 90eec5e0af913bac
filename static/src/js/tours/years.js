import {registry} from "@web/core/registry";

// Years shown as 2026, not "2 026" (French thousands separator), in lists and forms.
registry.category("web_tour.tours").add("l10n_fr_credit_collection_years_list", {
    url: "/odoo/action-l10n_fr_credit_collection.l10n_fr_franchise_threshold_action",
    steps: () => [
        {
            content: "The thresholds list a year without thousands separator",
            trigger: ".o_data_row td[name='year']:contains('2026')",
        },
    ],
});

registry.category("web_tour.tours").add("l10n_fr_credit_collection_years_form", {
    url: "/odoo/action-l10n_fr_credit_collection.l10n_fr_penalty_rate_action",
    steps: () => [
        {
            content: "Open a half-year of 2026",
            trigger: ".o_data_row:contains('2026-S1') td.o_data_cell",
            run: "click",
        },
        {
            content: "Its year without thousands separator",
            trigger: ".o_form_view div[name='year'] input:value(2026)",
        },
    ],
});
