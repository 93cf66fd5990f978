from django.http import JsonResponse
from django.shortcuts import render


def search(request):
    return render(request, "issues/search.html", {})


def suggest(request):
    return JsonResponse({"suggestions": []})
