"""Sociale kaart: organisations, services and locations in Open Referral HSDS 3.0."""
