from django.db import models

from pingxuan.orgs.models import Organisation


class Programme(models.Model):
    """The standing programme of commitments and star ratings (十堰, seed 004). Configured by a preset."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=200)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programmes")
    preset = models.CharField(max_length=60, blank=True)
    config = models.JSONField("配置", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "常态化活动"
        verbose_name_plural = "常态化活动"

    def __str__(self):
        return self.name
