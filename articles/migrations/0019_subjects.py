# Subjects: the topics feeds file stories under (IPTC Media Topics and the like).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0018_merges_checked'),
    ]

    operations = [
        migrations.CreateModel(
            name='Subject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='As the feed codes it: "medtop:20000350".', max_length=200, unique=True)),
                ('name', models.CharField(blank=True, max_length=300)),
                ('slug', models.SlugField(max_length=100, unique=True)),
            ],
            options={
                'ordering': ['name', 'code'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='subjects',
            field=models.ManyToManyField(blank=True, help_text='The topics its feed filed it under.', related_name='articles', to='articles.subject'),
        ),
    ]
