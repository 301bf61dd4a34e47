"""A small skills taxonomy built in code, shaped like data/skills, for the matcher's unit tests."""

from __future__ import annotations

from content.models import Skill


def skill(
    id: str,
    name: str,
    *aliases: str,
    ambiguous: tuple[str, ...] = (),
    parent: str | None = None,
    category: str = "test",
) -> Skill:
    return Skill(
        id=id,
        name=name,
        category=category,
        aliases=list(aliases),
        ambiguous=list(ambiguous),
        parent=parent,
    )


SKILLS: tuple[Skill, ...] = (
    skill("python", "Python", "Python 3", "Python3"),
    skill("java", "Java", "Core Java"),
    skill("javascript", "JavaScript", "JS", "ECMAScript", ambiguous=("JS",)),
    skill("typescript", "TypeScript", parent="javascript"),
    skill("go", "Go", "Golang", "Go lang", ambiguous=("Go",)),
    skill("rust", "Rust", "Rust lang", ambiguous=("Rust",)),
    skill("c", "C", "C language", "ANSI C", ambiguous=("C",)),
    skill("cpp", "C++", "CPP", "Modern C++"),
    skill("csharp", "C#", "C Sharp", "CSharp"),
    skill("dotnet", ".NET", "dotnet", ".NET Core"),
    skill("r", "R", "R programming", "R language", ambiguous=("R",)),
    skill("ruby", "Ruby", "Ruby lang", ambiguous=("Ruby",)),
    skill("swift", "Swift", "Swift language", ambiguous=("Swift",)),
    skill("julia", "Julia", "JuliaLang", ambiguous=("Julia",)),
    skill("sql", "SQL", "SQL queries"),
    skill("nosql", "NoSQL", "NoSQL databases"),
    skill("mysql", "MySQL"),
    skill("postgresql", "PostgreSQL", "Postgres"),
    skill("nodejs", "Node.js", "NodeJS", "Node", ambiguous=("Node",)),
    skill("machine-learning", "Machine learning", "ML", ambiguous=("ML",)),
    skill("deep-learning", "Deep learning", "DL", parent="machine-learning"),
    skill("pytorch", "PyTorch", "torch", ambiguous=("torch",), parent="deep-learning"),
    skill(
        "pytorch-lightning",
        "PyTorch Lightning",
        "Lightning",
        ambiguous=("Lightning",),
        parent="pytorch",
    ),
    skill("tensorflow", "TensorFlow", "TF", "TF2", ambiguous=("TF",), parent="deep-learning"),
    skill("keras", "Keras", parent="tensorflow"),
    skill("scikit-learn", "scikit-learn", "sklearn", "Scikit learn", parent="machine-learning"),
    skill(
        "classification", "Classification", ambiguous=("Classification",), parent="machine-learning"
    ),
    skill("spark", "Apache Spark", "Spark", "PySpark", ambiguous=("Spark",)),
    skill("kubernetes", "Kubernetes", "k8s", "K8s"),
    skill("docker", "Docker", "Docker containers"),
    skill("aws", "Amazon Web Services", "AWS", "Amazon Web Services (AWS)"),
    skill("gcp", "Google Cloud Platform", "GCP", "Google Cloud"),
    skill("rest", "REST", "RESTful APIs", "REST APIs", "RESTful", ambiguous=("REST",)),
    skill("chef", "Chef", "Chef Infra", ambiguous=("Chef",)),
    skill("computer-vision", "Computer vision", "CV"),
    skill("nlp", "Natural language processing", "NLP"),
    skill("llm", "Large language models", "LLM", "LLMs"),
    skill("rag", "Retrieval-augmented generation", "RAG"),
    skill("mixture-of-experts", "Mixture of experts", "MoE", parent="deep-learning"),
    skill("airflow", "Apache Airflow", "Airflow"),
    skill("dbt", "dbt", "data build tool"),
    skill("terraform", "Terraform"),
    skill("ci-cd", "CI/CD", "Continuous integration"),
    skill("ab-testing", "A/B testing", "AB testing"),
    skill("wandb", "Weights & Biases", "W&B", "wandb"),
    skill("scala", "Scala"),
    skill("kafka", "Apache Kafka", "Kafka"),
    skill("mentoring", "Mentoring", "Mentorship", category="soft-skills"),
    skill("teamwork", "Teamwork", "Team player", category="soft-skills"),
    skill("communication", "Communication", "Communication skills", category="soft-skills"),
    skill("marketing", "Marketing", "Marketing strategy"),
    skill("seo", "Search engine optimisation", "SEO"),
    skill("spark-sql", "Spark SQL"),
)
