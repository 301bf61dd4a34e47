"""A naive baseline: a fixed list of common skill names, matched case-insensitively as words.

It knows no sections, no levels and no context rules, so it shows what a skill extractor gains
over a plain word list on the same postings in the same run.
"""

from __future__ import annotations

import re

from tests.eval.score import Prediction

# (pattern text, canonical name). Spellings a reader would type into such a list by hand.
NAMES: tuple[tuple[str, str], ...] = (
    ("python", "Python"),
    ("java", "Java"),
    ("javascript", "JavaScript"),
    ("typescript", "TypeScript"),
    ("golang", "Go"),
    ("rust", "Rust"),
    ("c++", "C++"),
    ("c#", "C#"),
    ("ruby", "Ruby"),
    ("php", "PHP"),
    ("scala", "Scala"),
    ("kotlin", "Kotlin"),
    ("swift", "Swift"),
    ("sql", "SQL"),
    ("nosql", "NoSQL"),
    ("postgresql", "PostgreSQL"),
    ("postgres", "PostgreSQL"),
    ("mysql", "MySQL"),
    ("mongodb", "MongoDB"),
    ("redis", "Redis"),
    ("elasticsearch", "Elasticsearch"),
    ("kafka", "Apache Kafka"),
    ("spark", "Apache Spark"),
    ("hadoop", "Apache Hadoop"),
    ("airflow", "Apache Airflow"),
    ("dbt", "dbt"),
    ("snowflake", "Snowflake"),
    ("bigquery", "BigQuery"),
    ("databricks", "Databricks"),
    ("aws", "AWS"),
    ("azure", "Microsoft Azure"),
    ("gcp", "Google Cloud Platform"),
    ("google cloud", "Google Cloud Platform"),
    ("docker", "Docker"),
    ("kubernetes", "Kubernetes"),
    ("terraform", "Terraform"),
    ("ansible", "Ansible"),
    ("jenkins", "Jenkins"),
    ("git", "Git"),
    ("github", "GitHub"),
    ("gitlab", "GitLab"),
    ("ci/cd", "CI/CD"),
    ("linux", "Linux"),
    ("bash", "Bash"),
    ("react", "React"),
    ("angular", "Angular"),
    ("vue", "Vue.js"),
    ("node.js", "Node.js"),
    ("next.js", "Next.js"),
    ("django", "Django"),
    ("flask", "Flask"),
    ("fastapi", "FastAPI"),
    ("spring", "Spring"),
    (".net", ".NET"),
    ("graphql", "GraphQL"),
    ("rest", "REST APIs"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("tensorflow", "TensorFlow"),
    ("pytorch", "PyTorch"),
    ("scikit-learn", "scikit-learn"),
    ("pandas", "pandas"),
    ("numpy", "NumPy"),
    ("machine learning", "Machine learning"),
    ("deep learning", "Deep learning"),
    ("nlp", "Natural language processing"),
    ("computer vision", "Computer vision"),
    ("llm", "Large language models"),
    ("llms", "Large language models"),
    ("generative ai", "Generative AI"),
    ("tableau", "Tableau"),
    ("power bi", "Power BI"),
    ("excel", "Microsoft Excel"),
    ("salesforce", "Salesforce"),
    ("jira", "Jira"),
    ("figma", "Figma"),
    ("agile", "Agile"),
    ("scrum", "Scrum"),
    ("selenium", "Selenium"),
    ("cypress", "Cypress"),
    ("playwright", "Playwright"),
    ("jest", "Jest"),
    ("prometheus", "Prometheus"),
    ("grafana", "Grafana"),
    ("datadog", "Datadog"),
)

_CANONICAL = dict(NAMES)
# Longest names first, so "google cloud" wins over nothing shorter and "nosql" over "sql".
_ALTERNATION = "|".join(re.escape(p) for p, _ in sorted(NAMES, key=lambda n: -len(n[0])))
_PATTERN = re.compile(rf"(?<![\w.#+/-])(?:{_ALTERNATION})(?![\w#+])", re.IGNORECASE)


def predict(text: str) -> list[Prediction]:
    """Every listed name found in `text`, as a prediction of unknown level."""
    found = []
    for match in _PATTERN.finditer(text):
        name = _CANONICAL[match.group(0).lower()]
        found.append(Prediction(match.start(), match.end(), None, name, "unknown", match.group(0)))
    return found
