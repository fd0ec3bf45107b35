"""`{% load ilp_numbers %}`: the filters of clusters/numbers.py."""

from django import template

from clusters.numbers import input_value, measure, zscore

register = template.Library()
register.filter("measure", measure)
register.filter("zscore", zscore)
register.filter("input_value", input_value)
