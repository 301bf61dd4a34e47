"""Everyday English words that are also skill names or acronyms.

A skill whose name reads as an everyday word ("Spark", "Slack", "Unity", "Excel", "SOLID",
"SAM") is found in prose far more often as the word than as the skill. The taxonomy must mark
such names `ambiguous` (the content check enforces it), and the matcher keeps short all-caps
acronyms that spell one of these words ("CAT", "SAM") in capitals only. The list is written by
hand: short words a posting is likely to hold, and the longer everyday words that products and
methods are named after.
"""

from __future__ import annotations

_SHORT = """
a i o am an as at be by do go he if in is it me my no of oh ok on or so to up us we
ad ah ex id ie eg vs hi ha pm ml cm mm km kg lb hr hrs yr yrs min max per via pro con
all and any are art ask bad bag ban bar bat bay bed bee bet bid big bin bit bog bot bow
box boy bud bug bun bus but buy cab can cap car cat cot cow cry cub cup cut dad dam day
den dew did die dig dim dip doc dog dot dry due dug dye ear eat egg ego end era eve eye
fan far fat fax fed fee few fig fin fit fix flu fly foe fog for fox fry fun fur gap gas
gel gem get gig got gum gun gut guy gym had ham has hat hay hen her hey hid him hip his
hit hog hop hot how hub hue hug hut ice icy ill ink inn ion its jam jar jaw jet job jog
joy key kid kin kit lab lad lag lap law lay led leg let lid lie lip lit log lot low mad
man map mat may men met mid mix mob mom mop mud mug nag nap net new nil nod nor not now
nun nut oak oar odd off oil old one opt orb ore our out owe owl own pad pal pan par pat
paw pay pea pen pet pie pig pin pit ply pod pop pot pub pun pup put rag ram ran rap rat
raw ray red ref rev rib rid rig rim rip rob rod rot row rub rug run rye sad sag sat saw
say sea see set sew she shy sin sip sir sit six ski sky sly sob son sow soy spa spy sub
sum sun tab tag tan tap tar tax tea ten the tie tin tip toe ton too top tow toy try tub
tug two use van vat vet vie war was wax way web wed wet who why wig win wit won woo wow
yes yet you zoo zip sam amp nas moe ops dev app ads aim act add age ago aid air ale ape
arc arm ash ate awe axe cod cue dub elf elk emu fad gal hem imp jab jot keg lax mac mar
mow nab nib ode pep pew pry rum sac sap sod tic tot urn vow wag wan yak yam yap yew
ceo cto cfo coo pr hr ai ml cv it
"""

_PRODUCT_WORDS = """
spark swift rest chef puppet ray flask bottle solid react express ember meteor mercury
salt vault consul nomad packer helm flux beam storm hive impala druid envoy spring rails
phoenix ruby crystal dart make ant buck pants bamboo slack teams notion linear sketch zoom
word excel access outlook project office pages numbers keynote illustrator premiere unity
unreal blender houdini nuke cinema canvas framer glide bubble monday box drive sheets docs
forms sites meet chrome edge safari opera shell bash fish jest mocha chai jasmine karma
cypress robot behave lettuce cucumber drone harness vector pinecone elastic tempo cortex
tomcat jetty undertow compass jade pug handlebars mustache liquid twig blade razor sage
intercom front workday greenhouse lever gusto rippling mural abstract marvel principle
origami phaser construct stride flax solidity move ink apollo artillery audition babel
backbone bootstrap bun capacitor chromatic compose cordova detox electron elm enzyme
espresso expo firefly gatsby hooks hugo insomnia ionic jaws less lighthouse maze marvelous
newman pact parcel percy perfecto prettier quasar recoil relay remix rhino rollup soda
spline spock storybook zephyr yarn sanity lottie maya procreate mocha chai karma puppeteer
protractor postman sketch principle abstract framer atlas compass keystone anchor beacon
pulse harbor harbour orbit horizon summit pilot ranger scout sentry
dr mr ms mrs st pip arch alpine rocky nexus quay travis octopus exchange remedy terminal
vi gin fiber ada lisp scheme racket pascal delphi composer poetry conan search comet
turbo stimulus intake critique drafting eclipse brew tilt rider nix lean cursor copilot heap
mode hex edge fabric clay later instantly gemini claude perplexity lovable prodigy windsurf
scale simulation
threads servers pairing raft blaze rancher fedora varnish celery mongoose drizzle dapper
doctrine kong apex assembly vagrant monolith logging backup backups releases streams
"""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


EVERYDAY_WORDS: frozenset[str] = _word_set(_SHORT + _PRODUCT_WORDS)

# Names of fields of work, and products named by an everyday word (Drive, Docs, Teams). In
# prose they name a domain or a thing ("partner with marketing and sales", "an AI-native
# company", "the drive to learn"), not something asked of the candidate; the matcher takes
# them only as items of a list of skills or where the posting asks for them ("experience in
# marketing", "sales skills"), whatever the taxonomy says.
FIELD_WORDS: frozenset[str] = _word_set(
    """marketing sales hr research payments insurance manufacturing ai editing consulting
    commissioning qa optimisation optimization documentation cybersecurity logistics
    procurement compliance renewables fintech healthcare education retail gaming security
    finance engineering design operations analytics strategy database databases deployment
    deployments os drive docs sheets slides forms meet teams word outlook access project
    pages numbers keynote leadership"""
) | frozenset(
    [
        "human resources",
        "artificial intelligence",
        "ai systems",
        "ai solutions",
        "ai technologies",
        "quality assurance",
        "supply chain",
        "customer service",
        "customer success",
        "clinical trial",
        "clinical trials",
        "energy storage",
        "e commerce",
        "ecommerce",
        "product management",
        "project management",
    ]
)

# The last word of a name that makes it a job title ("Product manager", "Scrum master"): in
# prose a title names a person ("the Product Manager will..."), so the matcher treats such
# names as it treats fields of work. Technical titles (engineer, developer, designer) are left
# out: they name the skill they are built on.
TITLE_WORDS: frozenset[str] = _word_set(
    """manager managers director directors owner owners assistant assistants coordinator
    coordinators specialist specialists representative representatives officer officers
    recruiter recruiters marketer marketers consultant consultants administrator
    administrators master masters"""
)
