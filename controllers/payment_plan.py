from odoo import http
from odoo.http import request


class PaymentPlanRequest(http.Controller):
    """A customer asks for a payment plan from the link of a reminder e-mail (when
    the company allows it): the request arrives as a draft plan for the credit
    controller. The link carries a token signed with the database secret."""

    @http.route(
        "/credit_collection/payment_plan/request/<int:reminder_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def request_plan(self, reminder_id, token, **post):
        Plan = request.env["l10n.fr.payment.plan"].sudo()
        reminder = Plan._l10n_fr_request_reminder(reminder_id, token)
        if not reminder:
            raise request.not_found()
        reminder = reminder.with_context(lang=reminder.partner_id.lang)
        values = {"reminder": reminder, "done": False, "error": False}
        if request.httprequest.method == "POST":
            try:
                count = int(post.get("instalment_count") or 3)
            except ValueError:
                count = 0
            if not 1 <= count <= 12:
                values["error"] = True
            else:
                Plan.with_context(
                    lang=reminder.partner_id.lang
                )._l10n_fr_portal_request(
                    reminder, count, (post.get("message") or "")[:2000]
                )
                values["done"] = True
        return request.render(
            "l10n_fr_credit_collection.portal_payment_plan_request", values
        )
