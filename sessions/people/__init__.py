"""The organiser's people: the invitation list and its balance, seating, imports of the lists organisers
keep, and the organisers' own accounts.
"""
