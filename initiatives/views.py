from django.views.generic import DetailView, ListView, TemplateView

from .models import Initiative, Region


class HomeView(TemplateView):
    template_name = "initiatives/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(regions=Region.objects.all(), **kwargs)


class InitiativeListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Initiative.objects.published().for_list()


class InitiativeDetailView(DetailView):
    def get_queryset(self):
        return Initiative.objects.published().for_list()
