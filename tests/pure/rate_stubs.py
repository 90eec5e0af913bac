"""Test values of the rates and of the indemnity, not legal figures (the legal tables
are tested in test_penalties.py), shared by the pure tests of the penalties of an
invoice and of a claim at the opening judgment."""

from decimal import Decimal


def b2b(year, half):
    return Decimal(10)


def consumer(year, half):
    return Decimal(4)


def forty(day):
    return Decimal(40)
