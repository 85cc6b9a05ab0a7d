from django.urls import path

from ocr.api import views

app_name = "ocr_api"

urlpatterns = [
    path("openapi.json", views.openapi_json, name="openapi"),
    path("docs", views.api_docs, name="docs"),
    path("request/ocr/cmt/get_haimat", views.get_haimat, name="get_haimat"),
    path("request/ocr/cmt/get_haimatbase64", views.get_haimatbase64, name="get_haimatbase64"),
    path("request/ocr/cmt/get_mattruoc", views.get_mattruoc, name="get_mattruoc"),
    path("request/ocr/cmt/get_mattruocbase64", views.get_mattruocbase64, name="get_mattruocbase64"),
    path("request/ocr/cmt/get_matsau", views.get_matsau, name="get_matsau"),
    path("request/ocr/cmt/get_matsaubase64", views.get_matsaubase64, name="get_matsaubase64"),
    path("request/ocr/cmt/get_infor_all", views.get_infor_all, name="get_infor_all"),
    path(
        "request/ocr/cmt/get_infor_allbase64",
        views.get_infor_allbase64,
        name="get_infor_allbase64",
    ),
    path("request/ocr/v1/get_infor", views.get_infor, name="get_infor"),
]
