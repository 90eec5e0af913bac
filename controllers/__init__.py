from . import payment_plan
