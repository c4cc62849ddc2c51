"""The demo catalogue: what a mid-sized organisation would really offer."""

AREAS = {
    "Safety & compliance": [("Fire safety", "hard"), ("Forklift operation", "hard"), ("First aid", "hard"),
                            ("Data protection", "hard")],
    "Digital skills": [("Spreadsheets", "hard"), ("Project management", "hard")],
    "Working together": [("Giving feedback", "soft"), ("Coaching", "soft"), ("Customer conversations", "soft")],
    "Company knowledge": [("Our products and customers", "hard")],
}

Q = dict  # a quiz question: text, multiple, choices [(text, correct, feedback)]

COURSES = [
    {
        "title": "Fire safety basics", "summary": "Spot the risks, raise the alarm and use an extinguisher.",
        "description": "## What you will learn\n\n- Spot the three most common fire risks at work\n- Raise the alarm and evacuate\n- Use the right extinguisher, safely\n\nRequired every year for everyone on site.",
        "format": "online", "route": "internal_expert", "minutes": 8, "mandatory": True, "validity_months": 12,
        "competencies": [("Fire safety", 2)],
        "lessons": [
            ("Spot the risk", "video", "fire-spot", ""),
            ("Using an extinguisher", "video", "fire-extinguisher", ""),
            ("If the alarm goes", "text", "", "1. Stop what you are doing.\n2. Leave by the nearest exit; never use the lift.\n3. Go to the assembly point **in the car park** and report to your team lead."),
        ],
        "quiz": [
            Q(text="Which extinguisher do you use on a fat fire?", multiple=False, choices=[
                ("A fire blanket", True, "Right: it smothers the fire."),
                ("Water", False, "Never: water makes burning fat explode."),
                ("Foam", False, "Foam can spread burning fat; use a blanket.")]),
            Q(text="Which of these are fire risks?", multiple=True, choices=[
                ("A fire door wedged open", True, "Yes: it lets smoke spread."),
                ("An overloaded socket", True, "Yes: it overheats."),
                ("A closed fire door", False, "A closed fire door is exactly right.")]),
            Q(text="Where do you go when the alarm sounds?", multiple=False, choices=[
                ("The assembly point in the car park", True, "Right."),
                ("Back to your desk for your coat", False, "Leave at once; your coat can wait.")]),
        ],
        "pass_mark": 67,
    },
    {
        "title": "Welcome to Example & Co", "summary": "Who we are, your first week, and who to ask.",
        "description": "Your first course: ten minutes to find your way in the company.",
        "format": "online", "route": "internal_expert", "minutes": 10, "competencies": [("Our products and customers", 1)],
        "lessons": [
            ("Welcome", "video", "welcome", ""),
            ("Your first week", "text", "", "| Day | What happens |\n| --- | --- |\n| Monday | Welcome breakfast, your buddy, your badge |\n| Tuesday | Safety walk and fire safety course |\n| Wednesday | Meet your team's customers |\n| Thursday | Shadow a colleague |\n| Friday | First check-in with your manager |"),
        ],
        "quiz": [Q(text="Who is your first point of contact in your first month?", multiple=False, choices=[
            ("Your buddy", True, "Right: your buddy shows you the ropes."), ("The CEO", False, "Try your buddy first.")])],
        "pass_mark": 100,
    },
    {
        "title": "Forklift: the daily check", "summary": "Five minutes before every shift keep you and your colleagues safe.",
        "format": "online", "route": "internal_expert", "minutes": 6, "mandatory": True, "validity_months": 24,
        "competencies": [("Forklift operation", 2)],
        "lessons": [("The daily check", "video", "forklift", "")],
        "quiz": [Q(text="You find a leaking hydraulic hose. What do you do?", multiple=False, choices=[
            ("Report it and do not drive the truck", True, "Right: never drive a defect."),
            ("Drive carefully until the end of the shift", False, "A leak can make the forks drop.")])],
        "pass_mark": 100,
    },
    {
        "title": "Giving feedback that lands", "summary": "A three-step way to give feedback colleagues can use.",
        "format": "online", "route": "internal_expert", "minutes": 12, "competencies": [("Giving feedback", 2)],
        "lessons": [
            ("The three steps", "video", "feedback", ""),
            ("Try it this week", "text", "", "Pick one moment this week. Write down **what you saw**, **what it did**, and **what you ask**. Then have the conversation within 24 hours."),
        ],
    },
    {
        "title": "Pivot tables in 15 minutes", "summary": "Turn a long list into an overview without formulas.",
        "format": "online", "route": "internal_expert", "minutes": 15, "language": "en", "competencies": [("Spreadsheets", 2)],
        "lessons": [
            ("Your first pivot table", "text", "", "1. Click anywhere in your list.\n2. Choose **Insert > PivotTable**.\n3. Drag a field to *Rows* and a number to *Values*."),
            ("Filters and slicers", "text", "", "Add a field to *Filters*, or insert a slicer for a button per value."),
            ("Practice: read a pivot table", "scorm", "pivot-practice", ""),
        ],
    },
    {
        "title": "GDPR voor iedereen", "summary": "Wat mag je met persoonsgegevens, en wat niet?",
        "format": "online", "route": "internal_expert", "minutes": 9, "language": "nl", "mandatory": True,
        "validity_months": 24, "competencies": [("Data protection", 1)],
        "lessons": [("De zes vuistregels", "text", "", "1. Verzamel enkel wat je nodig hebt.\n2. Bewaar het niet langer dan nodig.\n3. Deel het enkel met wie het nodig heeft.\n4. Een datalek? Meld het **binnen het uur** aan privacy@example.org.")],
        "quiz": [Q(text="Je stuurt per vergissing een klantenlijst naar de verkeerde persoon. Wat doe je?", multiple=False,
                   choices=[("Meteen melden aan privacy@example.org", True, "Juist: elk uur telt."),
                            ("Niets, het was een vergissing", False, "Ook een vergissing is een datalek.")])],
        "pass_mark": 100,
    },
    {
        "title": "First aid at work", "summary": "A one-day practical course with a Red Cross trainer.",
        "format": "classroom", "route": "internal_external_trainer", "provider": "Red Cross Flanders", "minutes": 420,
        "validity_months": 36, "competencies": [("First aid", 2)], "sessions": [(12, 10, 9), (40, 10, 2)],
    },
    {
        "title": "Coaching conversations for team leads", "summary": "Two live online afternoons on coaching your team.",
        "format": "virtual", "route": "internal_external_trainer", "provider": "Mentora", "minutes": 360,
        "cost_cents": 45000, "competencies": [("Coaching", 2)], "sessions": [(20, 16, 5)],
    },
    {
        "title": "Project management (PMP preparation)", "summary": "Five days at a provider, with the PMP exam.",
        "format": "classroom", "route": "external_provider", "provider": "Acme Academy", "minutes": 2400,
        "cost_cents": 145000, "competencies": [("Project management", 3)],
    },
    {
        "title": "Book club: Thinking, Fast and Slow", "summary": "Read a chapter a month, talk about it over lunch.",
        "format": "classroom", "route": "informal", "minutes": 60, "competencies": [("Giving feedback", 1)],
        "sessions": [(9, 12, 4)],
    },
    {
        "title": "Customer conversations on the phone", "summary": "Listen first, then solve: a short guide.",
        "format": "online", "route": "internal_expert", "minutes": 5, "competencies": [("Customer conversations", 2)],
        "lessons": [("Listen, summarise, solve", "text", "", "Let the customer finish. Summarise in one sentence. Then say what you will do, and when.")],
    },
]

EVALUATIONS = [
    (5, 5, True, "Short and to the point; I finally know which extinguisher to grab."),
    (4, 5, True, "Good refresher. The video on sockets was an eye-opener."),
    (4, 3, True, ""),
    (3, 4, False, "Same as last year; a new scenario would help."),
]
