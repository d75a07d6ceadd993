"""The Streamlit furniture (the only part of the dashboard that calls Streamlit): page frame, URL state, access,
start-up, forms and the one handler that turns a user error into a message. Data reads use Streamlit's cache here."""

import streamlit as st

from dashboard.data import cache

cache.use(st.cache_data(show_spinner=False), st.cache_resource(show_spinner=False, max_entries=512))
