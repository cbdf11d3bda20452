"""What a storyboard says in one language, computed once below every builder: the one catalogue of words
(`words`), claim labels (`claims`), numbers (`numbers`), dates (`dates`), citations (`citations`), the
package's URLs and draft mark (`package`), the report's sections and gaps (`report`), checklist items
(`checklist`), alt texts and CSV rows (`data`), a film's chapters (`chapters`), a poster's texts (`poster`)
and what `media validate` says about publishing (`publication`). Every medium prints these strings.

Import the submodule you need (`from media.content.words import word`): a job's key covers the modules its
builder imports, so a builder that reads only the words is not rebuilt when the report's sections change."""
