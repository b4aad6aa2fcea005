from django.urls import path

from eldercare import api

app_name = "eldercare-api"

urlpatterns = [
    path("meal-points/", api.MealPointList.as_view(), name="meal-point-list"),
    path("menus/", api.MenuList.as_view(), name="menu-list"),
    path("orders/", api.OrderList.as_view(), name="order-list"),
    path("orders/<uuid:id>/cancel/", api.OrderCancel.as_view(), name="order-cancel"),
    path("orders/<uuid:id>/no-show/", api.OrderNoShow.as_view(), name="order-no-show"),
    path("orders/<uuid:id>/delivery/", api.DeliveryOutcome.as_view(), name="delivery-outcome"),
    path("kitchen-counts/", api.KitchenCountView.as_view(), name="kitchen-count"),
    path("delivery-lists/", api.DeliveryListView.as_view(), name="delivery-list"),
    path("servings/", api.Servings.as_view(), name="servings"),
    path("figures/", api.Figures.as_view(), name="figures"),
]
