"""The live evening: an event and its links, the phase machine and its commands, ideas and priorities,
the theme board, pass 2, rotation, the parking lot, the domain events commands record, and the read
models each screen gets.
"""
