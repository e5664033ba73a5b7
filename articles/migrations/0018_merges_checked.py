# Entities already in an archive start unchecked: its next import checks them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0017_places_on_the_map'),
    ]

    operations = [
        migrations.AddField(
            model_name='entity',
            name='merges_checked',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name='entity',
            index=models.Index(condition=models.Q(('merges_checked', False)), fields=['id'], name='entity_merges_unchecked'),
        ),
    ]
