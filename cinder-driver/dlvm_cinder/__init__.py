"""DLVM's OpenStack Cinder volume driver: dlvm_cinder.driver.DlvmDriver."""
