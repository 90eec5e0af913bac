"""The demo story of the demo company, dated from the day the demo data is loaded.

Every later feature (penalties, dunning, lettering, injonction) uses and extends it:

===========================  ============  ===========================================
customer                     payment term  invoices (days relative to today)
===========================  ============  ===========================================
Boulangerie Lefèvre (Paris)  30 days       paid on time (-500); overdue 40 days;
                                           not yet due
Transports Garnier (Lyon)    45 days       paid late (-400); overdue 75 days, partly
                                           paid
Menuiserie Roux (Bordeaux)   immediate     overdue 200 days
Hôtel des Alpes (Annecy)     30 % now,     first installment paid, second overdue
                             70 % 60 days  40 days; an open credit note
Clinique Morel (Lille)       30 days       paid (-300); overdue 10 days
Claire Dupont (consumer)     immediate     overdue 75 days
Brauerei Schmidt (Germany)   30 days       overdue 120 days; an unmatched payment
Garage Perrin (Nantes)       30 days       three invoices of 500, 600 and 400 EUR and
                                           one payment of 900 EUR (500 + 400: the
                                           subset-sum case of automatic lettering)
Chaudronnerie Blanc (Lyon)   immediate     invoiced -19 and -10; redressement judiciaire
                                           opened -8 (BODACC -2, mandataire SELARL
                                           Mandataires Lyonnais): left out of dunning,
                                           interest stopped, claim to declare
===========================  ============  ===========================================

Boulangerie Lefèvre asked for a payment plan for its invoice overdue 40 days: three
monthly instalments signed 30 days ago, the first one (20 days ago) paid, the plan
running (its invoice is out of the dunning ladder).
Suppliers (circularisation at the last closing date, always between 1 and 366 days
ago): Aciéries du Rhône, a bill of 400 days ago partly paid 380 days ago; Peintures
Vidal, a bill of 390 days ago left unpaid (disputed).

Payments not matched with their invoice, for lettering: the Schmidt payment (nothing
to letter), the Garage Perrin payment of 900, and a payment of Clinique Morel that names
its overdue invoice in its memo (lettered by reference).
"""

from datetime import timedelta

from odoo import Command, fields

MODULE = "l10n_fr_credit_collection"

TERMS = {
    "boulangerie": "account.account_payment_term_30days",
    "transports": "account.account_payment_term_45days",
    "menuiserie": "account.account_payment_term_immediate",
    "hotel": "account.account_payment_term_advance_60days",
    "clinique": "account.account_payment_term_30days",
    "consumer": "account.account_payment_term_immediate",
    "eu": "account.account_payment_term_30days",
    "garage": "account.account_payment_term_30days",
    "chaudronnerie": "account.account_payment_term_immediate",
}

# xml id suffix, customer, move type, invoice date (days from today), lines
MOVES = [
    (
        "inv_boulangerie_paid",
        "boulangerie",
        "out_invoice",
        -500,
        [("Grilles de vitrine", 1200.0)],
    ),
    (
        "inv_transports_paid_late",
        "transports",
        "out_invoice",
        -400,
        [("Rampe de quai", 3100.0)],
    ),
    (
        "inv_clinique_paid",
        "clinique",
        "out_invoice",
        -300,
        [("Portail d'entrée", 1850.0)],
    ),
    (
        "inv_menuiserie_overdue_200",
        "menuiserie",
        "out_invoice",
        -200,
        [("Escalier hélicoïdal", 850.0)],
    ),
    (
        "inv_eu_overdue_120",
        "eu",
        "out_invoice",
        -150,
        [("Enseigne en fer forgé", 2600.0)],
    ),
    (
        "inv_transports_overdue_75",
        "transports",
        "out_invoice",
        -120,
        [("Garde-corps de quai", 4000.0), ("Pose", 1000.0)],
    ),
    (
        "inv_hotel_installments",
        "hotel",
        "out_invoice",
        -100,
        [("Balcons (12 unités)", 6000.0)],
    ),
    # 500, 600 and 400 EUR tax included
    ("inv_garage_500", "garage", "out_invoice", -95, [("Grille d'atelier", 416.67)]),
    ("inv_garage_600", "garage", "out_invoice", -93, [("Rampe de levage", 500.0)]),
    ("inv_garage_400", "garage", "out_invoice", -90, [("Râtelier mural", 333.33)]),
    (
        "inv_consumer_overdue_75",
        "consumer",
        "out_invoice",
        -75,
        [("Rampe d'escalier", 150.0)],
    ),
    (
        "inv_boulangerie_overdue_40",
        "boulangerie",
        "out_invoice",
        -70,
        [("Auvent", 2400.0)],
    ),
    (
        "inv_clinique_overdue_10",
        "clinique",
        "out_invoice",
        -40,
        [("Grille de sécurité", 980.0)],
    ),
    ("refund_hotel", "hotel", "out_refund", -30, [("Avoir : balcon non posé", 300.0)]),
    (
        "inv_boulangerie_not_due",
        "boulangerie",
        "out_invoice",
        -20,
        [("Porte-vélos", 640.0)],
    ),
    (
        "inv_chaudronnerie_19",
        "chaudronnerie",
        "out_invoice",
        -19,
        [("Cuve inox 2 000 L", 3500.0)],
    ),
    (
        "inv_chaudronnerie_10",
        "chaudronnerie",
        "out_invoice",
        -10,
        [("Trémie de chargement", 1100.0)],
    ),
]

# supplier bills: xml id, supplier, bill date (days from today), lines
BILLS = [
    ("bill_acier", "supplier_acier", -400, [("Tôles d'acier S235", 3000.0)]),
    ("bill_peinture", "supplier_peinture", -390, [("Peinture époxy", 800.0)]),
]

# paid invoice, customer, date, amount (None: the residual)
PAYMENTS = [
    ("inv_boulangerie_paid", "boulangerie", -470, None),
    ("inv_transports_paid_late", "transports", -340, None),
    ("inv_clinique_paid", "clinique", -265, None),
    ("inv_hotel_installments", "hotel", -95, 2160.0),
    ("inv_transports_overdue_75", "transports", -60, 2000.0),
]

# unmatched payments: xml id, customer, date, amount, memo (with the invoice names)
UNMATCHED_PAYMENTS = [
    ("payment_eu_unmatched", "eu", -5, 1000.0, "Virement SCHMIDT"),
    ("payment_garage_unmatched", "garage", -12, 900.0, "VIR GARAGE PERRIN"),
    (
        "payment_clinique_reference",
        "clinique",
        -3,
        1176.0,
        "Règlement facture {inv_clinique_overdue_10}",
    ),
]


def load(company):
    env = company.env
    # try_loading() warns when called during a module install, which is when demo data
    # loads; its checks (a company without chart) hold for this new company.
    env["account.chart.template"]._load("fr", company, install_demo=False)
    today = fields.Date.context_today(company)
    partners = {key: env.ref(f"{MODULE}.demo_partner_{key}") for key in TERMS}
    for key, term in TERMS.items():
        partners[key].with_company(company).property_payment_term_id = env.ref(term)
    if env["res.lang"]._lang_get("fr_FR"):  # French customers read French letters
        for key in TERMS.keys() - {"eu"}:
            partners[key].lang = "fr_FR"
    Move = env["account.move"].with_company(company)
    FiscalPosition = env["account.fiscal.position"].with_company(company)
    moves = {}
    for xml_id, key, move_type, days, lines in MOVES:
        fiscal_position = FiscalPosition._get_fiscal_position(partners[key])
        tax = fiscal_position.map_tax(company.account_sale_tax_id)
        moves[xml_id] = Move.create(
            {
                "move_type": move_type,
                "partner_id": partners[key].id,
                "fiscal_position_id": fiscal_position.id,
                "invoice_date": today + timedelta(days=days),
                "invoice_payment_term_id": move_type == "out_invoice"
                and env.ref(TERMS[key]).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": tax.ids,
                        }
                    )
                    for label, amount in lines
                ],
            }
        )
    for xml_id, key, days, lines in BILLS:
        supplier = env.ref(f"{MODULE}.demo_partner_{key}")
        moves[xml_id] = Move.create(
            {
                "move_type": "in_invoice",
                "partner_id": supplier.id,
                "invoice_date": today + timedelta(days=days),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": company.account_purchase_tax_id.ids,
                        }
                    )
                    for label, amount in lines
                ],
            }
        )
    for xml_id, *_rest in MOVES:  # chronological order: French journals are sequential
        moves[xml_id].action_post()
    for xml_id, *_rest in BILLS:
        moves[xml_id].action_post()
    # the supplier's part payment, before the customers' payments of the same bank
    # journal (sequential too)
    supplier_payment = (-380, "bill_acier", 1200.0)
    payments = sorted(
        [(days, xml_id, amount) for xml_id, _key, days, amount in PAYMENTS]
        + [supplier_payment]
    )
    for days, xml_id, amount in payments:
        date = today + timedelta(days=days)
        register = env["account.payment.register"].with_company(company)
        wizard = register.with_context(
            active_model="account.move", active_ids=moves[xml_id].ids
        ).create({"payment_date": date, **({"amount": amount} if amount else {})})
        wizard._create_payments()
    names = {xml_id: move.name for xml_id, move in moves.items()}
    for xml_id, key, days, amount, memo in UNMATCHED_PAYMENTS:
        payment = (
            env["account.payment"]
            .with_company(company)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partners[key].id,
                    "amount": amount,
                    "date": today + timedelta(days=days),
                    "memo": memo.format(**names),
                }
            )
        )
        payment.action_post()
        moves[xml_id] = payment
    moves["proceeding_chaudronnerie"] = env["l10n.fr.proceeding"].create(
        {
            "company_id": company.id,
            "partner_id": partners["chaudronnerie"].id,
            "kind": "redressement",
            "judgment_date": today - timedelta(days=8),
            "bodacc_date": today - timedelta(days=2),
            "court_id": (
                env.ref(f"{MODULE}.court_tae_lyon", raise_if_not_found=False)
                or env["l10n.fr.court"]
            ).id,
            "mandataire_id": env.ref(f"{MODULE}.demo_partner_mandataire").id,
        }
    )
    partners["chaudronnerie"].with_company(company).l10n_fr_provision_rate = 50
    moves.update(_day_of_work(company, partners, moves, today))
    env["ir.model.data"]._update_xmlids(
        [
            {"xml_id": f"{MODULE}.demo_{xml_id}", "record": record, "noupdate": True}
            for xml_id, record in moves.items()
        ]
    )
    _load_payment_plan(env, company, moves, today)


def _load_payment_plan(env, company, moves, today):
    """The running payment plan of Boulangerie Lefèvre, its first instalment paid."""
    invoice = moves["inv_boulangerie_overdue_40"]
    Plan = env["l10n.fr.payment.plan"].with_company(company)
    plan = Plan.create(
        {
            "partner_id": invoice.commercial_partner_id.id,
            "company_id": company.id,
            "invoice_ids": [Command.set(invoice.ids)],
            "first_date": today - timedelta(days=20),
            "instalment_count": 3,
            "frequency": "monthly",
            "reason": "Trésorerie tendue après les travaux du magasin.",
        }
    )
    plan.action_generate_lines()
    plan.action_propose()
    plan.signature_date = today - timedelta(days=30)
    plan.action_mark_signed()
    first = plan.line_ids.sorted("date")[0]
    env["account.payment.register"].with_company(company).with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({"payment_date": first.date, "amount": first.amount})._create_payments()
    env["ir.model.data"]._update_xmlids(
        [
            {
                "xml_id": f"{MODULE}.demo_payment_plan_boulangerie",
                "record": plan,
                "noupdate": True,
            }
        ]
    )


def _day_of_work(company, partners, moves, today):
    """The day's work of the credit controller (the company's default collector):
    a call due (Hôtel des Alpes), a promise to pay broken (Boulangerie Lefèvre), a
    dispute to follow up (Clinique Morel says its overdue invoice is already paid)."""
    env = company.env
    controller = company.l10n_fr_default_collector_id or env.user
    partners["hotel"].activity_schedule(
        "mail.mail_activity_data_call",
        date_deadline=today,
        summary="Relancer par téléphone : 2e échéance",
        user_id=controller.id,
    )
    promise = env["l10n.fr.dunning.promise"].create(
        {
            "partner_id": partners["boulangerie"].id,
            "company_id": company.id,
            "promise_date": today - timedelta(days=10),
            "date": today - timedelta(days=2),
            "amount": 500.0,
            "state": "broken",
            "note": "Promis au téléphone, non reçu",
        }
    )
    dispute = env["l10n.fr.dispute"].create(
        {
            "partner_id": partners["clinique"].id,
            "company_id": company.id,
            "reason_id": env.ref(f"{MODULE}.dispute_reason_already_paid").id,
            "invoice_ids": [Command.set(moves["inv_clinique_overdue_10"].ids)],
            "deadline": today,
            "user_id": controller.id,
            "note": "Le client dit avoir payé par virement (libellé avec le numéro).",
        }
    )
    return {"promise_boulangerie": promise, "dispute_clinique": dispute}
