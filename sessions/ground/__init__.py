"""The ground the evening stands on: its records (models), refusals (errors), the clock, client ids, the one
text clean-up, who may do what (roles), and what reading a file may cost (file_limits). Nothing here
stores anything: storage stands on these records.
"""
