# Arrivals are written only through igd.services (scope and times checked
# there); they are not in the admin.
