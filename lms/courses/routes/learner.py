LEARNER_ROUTES: list = []  # filled in the next commit
