from lms import clock
from lms.courses.tables import Evaluation


async def evaluated(enrolment_id: int) -> None:
    await Evaluation.insert(Evaluation(enrolment=enrolment_id, rating=4, relevance=4, recommend=True,
                                       created_at=clock.now()))
